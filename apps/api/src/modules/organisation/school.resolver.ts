import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Role } from '@mm/database';
import { Actor } from '../../engine/auth/actor';
import { CurrentActor, Roles } from '../../engine/auth/auth.decorators';
import { RATE_LIMITS, RateLimit } from '../../engine/rate-limit';
import { OrganisationException } from './organisation.exception';
import { CreateSchoolInput, ImportSchoolsInput, SchoolsArgs, UpdateSchoolInput } from './organisation.inputs';
import { OrganisationLoaderFactory } from './organisation.loaders';
import { OrganisationService } from './organisation.service';
import { DistrictType, Page, SchoolImportResultType, SchoolPage, SchoolType } from './organisation.types';
import { SchoolImportService } from './school-import.service';

@Resolver(() => SchoolType)
export class SchoolResolver {
  constructor(
    private readonly organisation: OrganisationService,
    private readonly imports: SchoolImportService,
    private readonly loaders: OrganisationLoaderFactory,
  ) {}

  @Roles(Role.ADMIN, Role.AUTHORITY, Role.DISTRICT_COORDINATOR)
  @Mutation(() => SchoolType, { description: 'In a district of your scope' })
  createSchool(@Args('input') input: CreateSchoolInput): Promise<SchoolType> {
    return this.organisation.createSchool(input);
  }

  @Roles(Role.ADMIN, Role.AUTHORITY, Role.DISTRICT_COORDINATOR)
  @Mutation(() => SchoolType, { description: "Changes a school's name, INN or active flag" })
  updateSchool(@Args('input') input: UpdateSchoolInput): Promise<SchoolType> {
    return this.organisation.updateSchool(input);
  }

  @Roles(Role.ADMIN, Role.AUTHORITY, Role.DISTRICT_COORDINATOR)
  @RateLimit(RATE_LIMITS.schoolImport)
  @Mutation(() => SchoolImportResultType, {
    description: 'Creates schools and their curator accounts from a CSV/XLSX for a district: all rows or, if any is invalid, none',
  })
  importSchools(@Args('input') input: ImportSchoolsInput): Promise<SchoolImportResultType> {
    return this.imports.importSchools(input);
  }

  @Query(() => SchoolPage, { description: 'The schools in your scope, optionally of one district, optionally matching a search' })
  schools(@Args() args: SchoolsArgs): Promise<Page<SchoolType>> {
    return this.organisation.schools(args);
  }

  @Query(() => SchoolType)
  school(@Args('id', { type: () => ID }) id: string): Promise<SchoolType> {
    return this.organisation.school(id);
  }

  @ResolveField(() => DistrictType)
  async district(@Parent() school: SchoolType, @CurrentActor() actor: Actor, @Context('req') request: object): Promise<DistrictType> {
    const district = await this.loaders.for(request, actor).districts.load(school.districtId);
    if (!district) throw OrganisationException.notFound('District', 'district');
    return district;
  }
}
