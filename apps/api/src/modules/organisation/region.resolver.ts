import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Role } from '@mm/database';
import { Roles } from '../../engine/auth/auth.decorators';
import { CreateRegionInput, RegionsArgs, UpdateRegionInput } from './organisation.inputs';
import { OrganisationService } from './organisation.service';
import { Page, RegionPage, RegionType } from './organisation.types';

@Resolver(() => RegionType)
export class RegionResolver {
  constructor(private readonly organisation: OrganisationService) {}

  @Roles(Role.ADMIN)
  @Mutation(() => RegionType, { description: 'Admins only' })
  createRegion(@Args('input') input: CreateRegionInput): Promise<RegionType> {
    return this.organisation.createRegion(input);
  }

  @Roles(Role.ADMIN)
  @Mutation(() => RegionType, { description: "Admins only: a region's name, ОКАТО or active flag" })
  updateRegion(@Args('input') input: UpdateRegionInput): Promise<RegionType> {
    return this.organisation.updateRegion(input);
  }

  @Query(() => RegionPage, { description: 'The regions in your scope, optionally matching a search' })
  regions(@Args() args: RegionsArgs): Promise<Page<RegionType>> {
    return this.organisation.regions(args);
  }

  @Query(() => RegionType)
  region(@Args('id', { type: () => ID }) id: string): Promise<RegionType> {
    return this.organisation.region(id);
  }
}
