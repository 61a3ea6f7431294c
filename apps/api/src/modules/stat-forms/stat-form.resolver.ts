import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Role } from '@mm/database';
import { Roles } from '../../engine/auth/auth.decorators';
import { RATE_LIMITS, RateLimit } from '../../engine/rate-limit';
import { StatFormService } from './stat-form.service';
import { ExportStatFormInput, StatFormExportArgs, StatFormExportsArgs, StatFormExportType, StatFormType } from './stat-form.types';

/** Statistical forms are for coordinators (their district), authorities (their region) and admins. */
@Roles(Role.DISTRICT_COORDINATOR, Role.AUTHORITY, Role.ADMIN)
@Resolver()
export class StatFormResolver {
  constructor(private readonly forms: StatFormService) {}

  @Query(() => [StatFormType], { description: 'The form definitions that can be exported (every version)' })
  statForms(): StatFormType[] {
    return this.forms.listForms();
  }

  @RateLimit(RATE_LIMITS.statFormExport)
  @Mutation(() => StatFormExportType, {
    description:
      'Generates a statistical form as XLSX or CSV in the background; poll statFormExport. An equal request over unchanged ' +
      'data returns the existing export.',
  })
  exportStatForm(@Args('input') input: ExportStatFormInput): Promise<StatFormExportType> {
    return this.forms.requestExport(input);
  }

  @Query(() => StatFormExportType, { description: 'An export: its state, and once completed its SHA-256 and download URL' })
  statFormExport(@Args() args: StatFormExportArgs): Promise<StatFormExportType> {
    return this.forms.findExport(args.id);
  }

  @Query(() => [StatFormExportType], { description: 'Recent exports of a district or a region (or all in scope), newest first' })
  statFormExports(@Args() args: StatFormExportsArgs): Promise<StatFormExportType[]> {
    return this.forms.listExports(args);
  }
}
