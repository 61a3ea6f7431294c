import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { TenantDatabase } from '@mm/database';
import { Actor } from './actor';
import { AllowPendingPasswordChange, CurrentActor, Public } from './auth.decorators';
import { AuthService } from './auth.service';
import { LoginPayload, UserType } from './user.type';
import { EngineException } from '../errors';

@Resolver()
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly db: TenantDatabase,
  ) {}

  @Public()
  @Mutation(() => LoginPayload, { description: 'Exchanges e-mail and password for a bearer token' })
  async login(
    @Args('email') email: string,
    @Args('password') password: string,
    @Context() context: { req: { ip?: string } },
  ): Promise<LoginPayload> {
    if (email.length > 254) throw EngineException.invalid('email', 'must be at most 254 characters');
    if (password.length > 1024) throw EngineException.invalid('password', 'must be at most 1024 characters');
    return this.auth.login(email, password, context.req?.ip ?? 'unknown');
  }

  @AllowPendingPasswordChange()
  @Mutation(() => LoginPayload, {
    description: 'Replaces your password; every token issued before is revoked and a new one is returned',
  })
  async changePassword(
    @CurrentActor() actor: Actor,
    @Args('currentPassword') currentPassword: string,
    @Args('newPassword') newPassword: string,
    @Context() context: { req: { ip?: string } },
  ): Promise<LoginPayload> {
    if (currentPassword.length > 1024) throw EngineException.invalid('currentPassword', 'must be at most 1024 characters');
    if (newPassword.length > 1024) throw EngineException.invalid('newPassword', 'must be at most 1024 characters');
    return this.auth.changePassword(actor, currentPassword, newPassword, context.req?.ip ?? 'unknown');
  }

  @AllowPendingPasswordChange()
  @Mutation(() => Boolean, { description: 'Revokes every access token of your account, this one included' })
  logout(@CurrentActor() actor: Actor): Promise<boolean> {
    return this.auth.logout(actor);
  }

  @AllowPendingPasswordChange()
  @Query(() => UserType, { description: 'The signed-in user' })
  async me(@CurrentActor() actor: Actor): Promise<UserType> {
    const rows = await this.db.current.query<UserType>(
      `SELECT id, email, role, display_name AS "displayName", region_id AS "regionId", district_id AS "districtId",
                school_id AS "schoolId", active FROM users WHERE id = $1`,
      [actor.userId],
    );
    return rows[0]!;
  }
}
