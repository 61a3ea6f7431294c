import { Injectable } from '@nestjs/common';
import { AuditLogService, Role } from '@mm/database';
import { currentActor } from '../../engine/auth/actor';
import { UserType } from '../../engine/auth/user.type';
import { FieldProblem } from '../../engine/errors';
import { ScopePolicy } from '../../engine/tenancy/scope-policy.service';
import { AccountScope, accountRefusal, normaliseEmail, passwordWeakness, rankRefusal } from './account-policy';
import { generatePassword, hashPassword } from '@mm/passwords';
import { OrganisationException, OrganisationExceptionCode } from './organisation.exception';
import { ChangeUserRoleInput, CreateUserInput, UsersArgs } from './organisation.inputs';
import { OrganisationScope } from './organisation-scope';
import { translatingRefusals } from './organisation.service';
import { Page } from './organisation.types';
import { UserAccountRepository } from './user-account.repository';

/** The role and scope ids of an account being created or moved. */
type AccountPlaceInput = Pick<CreateUserInput, 'role' | 'regionId' | 'districtId' | 'schoolId'>;

/** Which scope ids each role carries; the rest must be left empty. */
const SCOPE_FIELD: Record<Role, 'schoolId' | 'districtId' | 'regionId' | null> = {
  [Role.SCHOOL_CURATOR]: 'schoolId',
  [Role.DISTRICT_COORDINATOR]: 'districtId',
  [Role.AUTHORITY]: 'regionId',
  [Role.ADMIN]: null,
};

/** Accounts: creation within the creator's reach, listing within scope, activation. */
@Injectable()
export class UserAccountService {
  constructor(
    private readonly policy: ScopePolicy,
    private readonly scope: OrganisationScope,
    private readonly repository: UserAccountRepository,
    private readonly audit: AuditLogService,
  ) {}

  async createUser(input: CreateUserInput): Promise<UserType> {
    const actor = currentActor();
    const problems = shapeProblems(input);
    const weakness = passwordWeakness(input.password);
    if (weakness) problems.push({ field: 'password', message: weakness });
    if (problems.length) {
      const onlyPassword = weakness !== null && problems.length === 1;
      throw OrganisationException.invalidAll(
        problems,
        onlyPassword ? OrganisationExceptionCode.WEAK_PASSWORD : OrganisationExceptionCode.INVALID_INPUT,
      );
    }
    // The role first: asking for a role above one's own is refused before any scope is looked up.
    const aboveOwn = rankRefusal(actor, input.role);
    if (aboveOwn) throw OrganisationException.notGrantable(aboveOwn);
    const account = await this.resolveScope(input);
    const refusal = accountRefusal(actor, account);
    if (refusal) throw OrganisationException.notGrantable(refusal);
    const email = normaliseEmail(input.email);
    // E-mails are unique across the platform, so this looks beyond the actor's scope (app_email_taken
    // answers only "taken or not", as the unique index would). Checking first also keeps a failed
    // INSERT, whose parameters (the password hash) the driver would log, for the rare race only.
    if (await this.repository.emailTaken(email))
      throw OrganisationException.duplicate('email', 'an account with this e-mail already exists');
    const passwordHash = await hashPassword(input.password);
    return translatingRefusals(async () => {
      const [user] = await this.repository.insertUsers([{ ...account, email, passwordHash, displayName: input.displayName || null }]);
      await this.audit.record({
        operation: 'createUser',
        targetType: 'User',
        targetIds: [user!.id],
        regionId: user!.regionId,
        districtId: user!.districtId,
        schoolId: user!.schoolId,
        details: { email: user!.email, role: user!.role },
      });
      return user!;
    });
  }

  async users(args: UsersArgs): Promise<Page<UserType>> {
    if (args.regionId) await this.scope.readRegion(args.regionId, 'regionId');
    if (args.districtId) await this.scope.readDistrict(args.districtId, 'districtId');
    if (args.schoolId) await this.scope.readSchool(args.schoolId, 'schoolId');
    return this.repository.listUsers(
      {
        regionId: args.regionId ?? null,
        districtId: args.districtId ?? null,
        schoolId: args.schoolId ?? null,
        role: args.role ?? null,
        search: args.search || null,
      },
      args,
    );
  }

  /**
   * Admins only (the database lets only the account itself or an admin set a password): a new random
   * password, shown once in the answer and never stored in clear; the account must replace it at its
   * next login, and every token issued before is revoked (the new hash bumps token_version).
   */
  async resetPassword(id: string): Promise<{ user: UserType; temporaryPassword: string }> {
    const account = await this.manageable(id, 'reset the password of');
    const temporaryPassword = generatePassword();
    // Full cost, like every hash: one computation, within the process-wide limit on concurrent hashes.
    const passwordHash = await hashPassword(temporaryPassword);
    return translatingRefusals(async () => {
      const user = await this.repository.resetPassword(id, passwordHash);
      if (!user) throw OrganisationException.notFound('User', 'id');
      await this.audit.record({
        operation: 'resetUserPassword',
        targetType: 'User',
        targetIds: [id],
        regionId: account.regionId,
        districtId: account.districtId,
        schoolId: account.schoolId,
        details: { email: user.email },
      });
      return { user, temporaryPassword };
    });
  }

  /**
   * A new role or place for an account the actor manages, to one the actor may grant (the same rules
   * as createUser). The runtime role cannot write these columns: app_change_account_place does, under
   * the caller's row-level security (manage before and after). Every token of the account is revoked.
   */
  async changeRole(input: ChangeUserRoleInput): Promise<UserType> {
    const actor = currentActor();
    const problems = shapeProblems(input);
    if (problems.length) throw OrganisationException.invalidAll(problems);
    const before = await this.manageable(input.id, 'change the role of');
    const aboveOwn = rankRefusal(actor, input.role);
    if (aboveOwn) throw OrganisationException.notGrantable(aboveOwn);
    const after = await this.resolveScope(input);
    const refusal = accountRefusal(actor, after);
    if (refusal) throw OrganisationException.notGrantable(refusal);
    return translatingRefusals(async () => {
      const user = await this.repository.changePlace(input.id, after);
      if (!user) throw OrganisationException.notFound('User', 'id');
      await this.audit.record({
        operation: 'changeUserRole',
        targetType: 'User',
        targetIds: [input.id],
        regionId: after.regionId ?? before.regionId,
        districtId: after.districtId ?? before.districtId,
        schoolId: after.schoolId ?? before.schoolId,
        details: { email: user.email, changes: { role: { from: before.role, to: after.role } } },
      });
      return user;
    });
  }

  /** The account's place if the actor may manage it (not its own): NOT_FOUND, FORBIDDEN or INVALID otherwise. */
  private async manageable(id: string, what: string): Promise<AccountScope & { id: string }> {
    const actor = currentActor();
    const place = await this.policy.place('user', id);
    if (!place) throw OrganisationException.notFound('User', 'id');
    const account = { id, role: place.code as Role, regionId: place.regionId, districtId: place.districtId, schoolId: place.schoolId };
    if (account.id === actor.userId) throw OrganisationException.invalid('id', `you cannot ${what} your own account here`);
    const refusal = accountRefusal(actor, account);
    if (refusal) throw OrganisationException.outOfScope(refusal, 'id');
    return account;
  }

  /** Deactivation takes effect on the account's next request: the guard re-reads the user every time. */
  async setActive(id: string, active: boolean): Promise<UserType> {
    const actor = currentActor();
    // Guard side: the account's place comes from app_place_of (like ScopePolicy's schools) so that
    // an account outside the actor's reach is FORBIDDEN rather than invisible.
    const place = await this.policy.place('user', id);
    const account = place
      ? { id, role: place.code as Role, regionId: place.regionId, districtId: place.districtId, schoolId: place.schoolId }
      : undefined;
    if (!account) throw OrganisationException.notFound('User', 'id');
    if (account.id === actor.userId) throw OrganisationException.invalid('id', 'you cannot change the activation of your own account');
    const refusal = accountRefusal(actor, account);
    if (refusal) throw OrganisationException.outOfScope(refusal, 'id');
    return translatingRefusals(async () => {
      const result = await this.repository.setActive(id, active);
      if (!result) throw OrganisationException.notFound('User', 'id');
      await this.audit.record({
        operation: active ? 'activateUser' : 'deactivateUser',
        targetType: 'User',
        targetIds: [id],
        regionId: account.regionId,
        districtId: account.districtId,
        schoolId: account.schoolId,
        details: { email: result.user.email, changed: result.changed },
      });
      return result.user;
    });
  }

  /** The account's scope ids, derived from the most specific one its role carries, checked against the actor's scope. */
  private async resolveScope(input: AccountPlaceInput): Promise<AccountScope> {
    switch (input.role) {
      case Role.SCHOOL_CURATOR: {
        const school = await this.policy.school(input.schoolId!, 'schoolId');
        mustMatch('districtId', input.districtId, school.districtId);
        mustMatch('regionId', input.regionId, school.regionId);
        return { role: input.role, regionId: school.regionId, districtId: school.districtId, schoolId: school.id };
      }
      case Role.DISTRICT_COORDINATOR: {
        const district = await this.policy.district(input.districtId!, 'districtId');
        mustMatch('regionId', input.regionId, district.regionId);
        return { role: input.role, regionId: district.regionId, districtId: district.id, schoolId: null };
      }
      case Role.AUTHORITY: {
        if (!input.regionId) return { role: input.role, regionId: null, districtId: null, schoolId: null };
        const region = await this.policy.region(input.regionId, 'regionId');
        return { role: input.role, regionId: region.id, districtId: null, schoolId: null };
      }
      case Role.ADMIN:
        return { role: input.role, regionId: null, districtId: null, schoolId: null };
    }
  }
}

/**
 * The scope ids a role needs: its own one required, more specific ones refused. Less specific ones
 * may be given and are then checked against the hierarchy (see mustMatch).
 */
function shapeProblems(input: AccountPlaceInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const own = SCOPE_FIELD[input.role];
  const order = ['schoolId', 'districtId', 'regionId'] as const;
  if (own && own !== 'regionId' && !input[own]) problems.push({ field: own, message: `is required for the role ${input.role}` });
  const ownIndex = own ? order.indexOf(own) : order.length;
  for (const field of order.slice(0, ownIndex)) {
    if (input[field]) problems.push({ field, message: `must be empty for the role ${input.role}` });
  }
  return problems;
}

function mustMatch(field: 'districtId' | 'regionId', given: string | null | undefined, actual: string): void {
  if (given && given !== actual) {
    throw OrganisationException.invalid(
      field,
      `does not match the ${field === 'districtId' ? 'district' : 'region'} of the account's ${field === 'districtId' ? 'school' : 'scope'}`,
    );
  }
}
