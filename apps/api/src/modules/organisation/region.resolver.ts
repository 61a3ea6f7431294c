import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Role } from '@mm/database';
import { Actor } from '../../engine/auth/actor';
import { CurrentActor, Roles } from '../../engine/auth/auth.decorators';
import { CreateRegionInput, RegionsArgs, UpdateRegionInput } from './organisation.inputs';
import { OrganisationService } from './organisation.service';
import { Page, RegionPage, RegionType } from './organisation.types';

@Resolver(() => RegionType)
export class RegionResolver {
  constructor(private readonly organisation: OrganisationService) {}

  @Roles(Role.ADMIN)
  @Mutation(() => RegionType, { description: 'Admins only' })
  createRegion(@CurrentActor() actor: Actor, @Args('input') input: CreateRegionInput): Promise<RegionType> {
    return this.organisation.createRegion(actor, input);
  }

  @Roles(Role.ADMIN)
  @Mutation(() => RegionType, { description: "Admins only: a region's name, ОКАТО or active flag" })
  updateRegion(@CurrentActor() actor: Actor, @Args('input') input: UpdateRegionInput): Promise<RegionType> {
    return this.organisation.updateRegion(actor, input);
  }

  @Query(() => RegionPage, { description: 'The regions in your scope, optionally matching a search' })
  regions(@CurrentActor() actor: Actor, @Args() args: RegionsArgs): Promise<Page<RegionType>> {
    return this.organisation.regions(actor, args);
  }

  @Query(() => RegionType)
  region(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string): Promise<RegionType> {
    return this.organisation.region(actor, id);
  }
}
