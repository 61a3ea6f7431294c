import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Role } from '@mm/database';
import { Roles } from '../../engine/auth/auth.decorators';
import { UserType } from '../../engine/auth/user.type';
import { ChangeUserRoleInput, CreateUserInput, UsersArgs } from './organisation.inputs';
import { Page, PasswordResetType, UserPage } from './organisation.types';
import { UserAccountService } from './user-account.service';

@Resolver(() => UserType)
export class UserAccountResolver {
  constructor(private readonly accounts: UserAccountService) {}

  @Roles(Role.ADMIN, Role.AUTHORITY, Role.DISTRICT_COORDINATOR)
  @Mutation(() => UserType, { description: 'Nobody grants a role above their own; a coordinator creates curators of its district' })
  createUser(@Args('input') input: CreateUserInput): Promise<UserType> {
    return this.accounts.createUser(input);
  }

  @Roles(Role.ADMIN, Role.AUTHORITY, Role.DISTRICT_COORDINATOR)
  @Mutation(() => UserType, { description: 'The account is refused from its next request on' })
  deactivateUser(@Args('id', { type: () => ID }) id: string): Promise<UserType> {
    return this.accounts.setActive(id, false);
  }

  @Roles(Role.ADMIN, Role.AUTHORITY, Role.DISTRICT_COORDINATOR)
  @Mutation(() => UserType)
  activateUser(@Args('id', { type: () => ID }) id: string): Promise<UserType> {
    return this.accounts.setActive(id, true);
  }

  @Roles(Role.ADMIN, Role.AUTHORITY, Role.DISTRICT_COORDINATOR)
  @Mutation(() => UserType, {
    description: 'Moves an account you manage to a role and place you may grant (as createUser); its tokens are revoked',
  })
  changeUserRole(@Args('input') input: ChangeUserRoleInput): Promise<UserType> {
    return this.accounts.changeRole(input);
  }

  @Roles(Role.ADMIN)
  @Mutation(() => PasswordResetType, {
    description: 'Admins only: a new random password, shown once; the account replaces it at its next login',
  })
  resetUserPassword(@Args('id', { type: () => ID }) id: string): Promise<{ user: UserType; temporaryPassword: string }> {
    return this.accounts.resetPassword(id);
  }

  @Query(() => UserPage, { description: 'The accounts in your scope' })
  users(@Args() args: UsersArgs): Promise<Page<UserType>> {
    return this.accounts.users(args);
  }
}
