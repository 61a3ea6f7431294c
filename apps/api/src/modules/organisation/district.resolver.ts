import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Role } from '@mm/database';
import { Actor } from '../../engine/auth/actor';
import { CurrentActor, Roles } from '../../engine/auth/auth.decorators';
import { OrganisationException } from './organisation.exception';
import { CreateDistrictInput, DistrictsArgs, UpdateDistrictInput } from './organisation.inputs';
import { OrganisationLoaderFactory } from './organisation.loaders';
import { OrganisationService } from './organisation.service';
import { DistrictPage, DistrictType, Page, RegionType } from './organisation.types';

@Resolver(() => DistrictType)
export class DistrictResolver {
  constructor(
    private readonly organisation: OrganisationService,
    private readonly loaders: OrganisationLoaderFactory,
  ) {}

  @Roles(Role.ADMIN, Role.AUTHORITY)
  @Mutation(() => DistrictType, { description: 'Admins, and authorities within their region' })
  createDistrict(@Args('input') input: CreateDistrictInput): Promise<DistrictType> {
    return this.organisation.createDistrict(input);
  }

  @Roles(Role.ADMIN, Role.AUTHORITY)
  @Mutation(() => DistrictType, { description: "A district's name, ОКТМО or active flag: admins, and authorities within their region" })
  updateDistrict(@Args('input') input: UpdateDistrictInput): Promise<DistrictType> {
    return this.organisation.updateDistrict(input);
  }

  @Query(() => DistrictPage, { description: 'The districts in your scope, optionally of one region' })
  districts(@Args() args: DistrictsArgs): Promise<Page<DistrictType>> {
    return this.organisation.districts(args);
  }

  @Query(() => DistrictType)
  district(@Args('id', { type: () => ID }) id: string): Promise<DistrictType> {
    return this.organisation.district(id);
  }

  @ResolveField(() => RegionType)
  async region(@Parent() district: DistrictType, @CurrentActor() actor: Actor, @Context('req') request: object): Promise<RegionType> {
    const region = await this.loaders.for(request, actor).regions.load(district.regionId);
    if (!region) throw OrganisationException.notFound('Region', 'region');
    return region;
  }
}
