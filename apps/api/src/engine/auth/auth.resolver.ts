import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { TenantDatabase } from '@mm/database';
import { Actor, actorScope } from './actor';
import { CurrentActor, Public } from './auth.decorators';
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

  @Query(() => UserType, { description: 'The signed-in user' })
  async me(@CurrentActor() actor: Actor): Promise<UserType> {
    const rows = await this.db.transaction(actorScope(actor), (tx) =>
      tx.query<UserType>(
        `SELECT id, email, role, display_name AS "displayName", region_id AS "regionId", district_id AS "districtId",
                school_id AS "schoolId", active FROM users WHERE id = $1`,
        [actor.userId],
      ),
    );
    return rows[0]!;
  }
}
