import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Role } from '@mm/database';
import { Actor } from '../../engine/auth/actor';
import { CurrentActor, Roles } from '../../engine/auth/auth.decorators';
import { CreateRegionInput, PageArgs } from './organisation.inputs';
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

  @Query(() => RegionPage, { description: 'The regions in your scope' })
  regions(@CurrentActor() actor: Actor, @Args() page: PageArgs): Promise<Page<RegionType>> {
    return this.organisation.regions(actor, page);
  }

  @Query(() => RegionType)
  region(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string): Promise<RegionType> {
    return this.organisation.region(actor, id);
  }
}
