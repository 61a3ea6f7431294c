import { isEmail } from 'class-validator';
import { Role, ROLE_RANK } from '@mm/database';
import type { Actor } from '../../engine/auth/actor';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_LONG_LENGTH = 16;
export const PASSWORD_MAX_LENGTH = 1024;

/**
 * Why a password is too weak, or null. At least 10 characters mixing three of lower case, upper
 * case, digits and symbols — or a passphrase of 16+ characters — and not a few characters repeated.
 * The message never quotes the password.
 */
export function passwordWeakness(password: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters long`;
  if (length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters long`;
  if (new Set(password.toLowerCase()).size < 5) return 'must not consist of a few repeated characters';
  const classes = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u].filter((re) => re.test(password)).length;
  if (classes < 3 && length < PASSWORD_LONG_LENGTH) {
    return `must mix at least three of: lower-case letters, upper-case letters, digits, symbols (or be at least ${PASSWORD_LONG_LENGTH} characters long)`;
  }
  return null;
}

/** An account's role and the place it is attached to in the hierarchy. */
export interface AccountScope {
  role: Role;
  regionId: string | null;
  districtId: string | null;
  schoolId: string | null;
}

/** Nobody grants a role above their own. */
export function rankRefusal(actor: Actor, role: Role): string | null {
  return ROLE_RANK[role] > ROLE_RANK[actor.role] ? `A ${actor.role} cannot grant the role ${role}, which is above its own` : null;
}

/**
 * Why the actor may not create or manage (activate, deactivate) an account with this role and
 * scope, or null. Nobody grants a role above their own; an authority manages curators,
 * coordinators and authorities of its region (a federal one: of any region, but only an admin
 * makes federal authorities); a coordinator manages the curators of its district.
 */
export function accountRefusal(actor: Actor, account: AccountScope): string | null {
  const aboveOwn = rankRefusal(actor, account.role);
  if (aboveOwn) return aboveOwn;
  switch (actor.role) {
    case Role.ADMIN:
      return null;
    case Role.AUTHORITY:
      if (account.regionId === null) return 'Only an admin manages federal authority accounts';
      if (actor.regionId !== null && actor.regionId !== account.regionId) return 'The account is outside your region';
      return null;
    case Role.DISTRICT_COORDINATOR:
      if (account.role !== Role.SCHOOL_CURATOR) return `A ${actor.role} manages only ${Role.SCHOOL_CURATOR} accounts`;
      if (account.districtId !== actor.districtId) return 'The account is outside your district';
      return null;
    case Role.SCHOOL_CURATOR:
      return `A ${actor.role} does not manage accounts`;
  }
}

/** Trimmed and lower-cased: e-mails are unique case-insensitively and logins compare them so. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export const EMAIL_MAX_LENGTH = 254;

/** The rule the GraphQL input applies (@IsEmail, @MaxLength), for values read from an import file. */
export function emailProblem(email: string): string | null {
  if (email.length > EMAIL_MAX_LENGTH) return `must be at most ${EMAIL_MAX_LENGTH} characters long`;
  if (!isEmail(email)) return 'must be a valid e-mail address';
  return null;
}
