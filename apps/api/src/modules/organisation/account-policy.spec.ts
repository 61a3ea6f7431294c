import { Role } from '@mm/database';
import type { Actor } from '../../engine/auth/actor';
import { accountRefusal, passwordWeakness } from './account-policy';
import { generatePassword } from '@mm/passwords';

const actor = (role: Role, scope: Partial<Actor> = {}): Actor => ({
  userId: 'u',
  email: 'a@x.test',
  role,
  regionId: null,
  districtId: null,
  schoolId: null,
  ...scope,
});
const account = (role: Role, regionId: string | null = null, districtId: string | null = null, schoolId: string | null = null) => ({
  role,
  regionId,
  districtId,
  schoolId,
});

describe('passwordWeakness', () => {
  it.each([
    ['Short1!', 'at least 10'],
    ['abcdefghij1', 'three of'],
    ['aaaaaaaaaaaaaaaaaaaaaaa', 'repeated'],
    ['abababababAB12', 'repeated'],
    ['x'.repeat(1025), 'at most 1024'],
  ])('refuses %s', (password, reason) => {
    expect(passwordWeakness(password)).toContain(reason);
  });

  it.each(['Strong-Passw0rd', 'fixture-password-123', 'correct horse battery staple', 'Пароль-для-школы1'])('accepts %s', (password) => {
    expect(passwordWeakness(password)).toBeNull();
  });

  it('never quotes the password', () => {
    expect(passwordWeakness('secret')).not.toContain('secret');
  });
});

describe('generatePassword', () => {
  it('makes distinct passwords that pass the strength rule', () => {
    const passwords = Array.from({ length: 50 }, () => generatePassword());
    expect(new Set(passwords).size).toBe(50);
    for (const p of passwords) {
      expect(p).toHaveLength(20);
      expect(passwordWeakness(p)).toBeNull();
    }
  });
});

describe('accountRefusal', () => {
  it('lets an admin manage any account', () => {
    expect(accountRefusal(actor(Role.ADMIN), account(Role.ADMIN))).toBeNull();
    expect(accountRefusal(actor(Role.ADMIN), account(Role.AUTHORITY))).toBeNull();
  });

  it('lets an authority manage curators, coordinators and authorities of its region, never federal ones or admins', () => {
    const regional = actor(Role.AUTHORITY, { regionId: 'R1' });
    expect(accountRefusal(regional, account(Role.SCHOOL_CURATOR, 'R1', 'D1', 'S1'))).toBeNull();
    expect(accountRefusal(regional, account(Role.DISTRICT_COORDINATOR, 'R1', 'D1'))).toBeNull();
    expect(accountRefusal(regional, account(Role.AUTHORITY, 'R1'))).toBeNull();
    expect(accountRefusal(regional, account(Role.DISTRICT_COORDINATOR, 'R2', 'D2'))).toContain('outside your region');
    expect(accountRefusal(regional, account(Role.AUTHORITY))).toContain('federal');
    expect(accountRefusal(regional, account(Role.ADMIN))).toContain('above its own');
    const federal = actor(Role.AUTHORITY);
    expect(accountRefusal(federal, account(Role.AUTHORITY, 'R2'))).toBeNull();
    expect(accountRefusal(federal, account(Role.AUTHORITY))).toContain('federal');
  });

  it('lets a coordinator manage only the curators of its district', () => {
    const coordinator = actor(Role.DISTRICT_COORDINATOR, { regionId: 'R1', districtId: 'D1' });
    expect(accountRefusal(coordinator, account(Role.SCHOOL_CURATOR, 'R1', 'D1', 'S1'))).toBeNull();
    expect(accountRefusal(coordinator, account(Role.SCHOOL_CURATOR, 'R1', 'D2', 'S2'))).toContain('outside your district');
    expect(accountRefusal(coordinator, account(Role.DISTRICT_COORDINATOR, 'R1', 'D1'))).toContain('only SCHOOL_CURATOR');
    expect(accountRefusal(coordinator, account(Role.AUTHORITY, 'R1'))).toContain('above its own');
  });

  it('lets a curator manage nothing', () => {
    expect(accountRefusal(actor(Role.SCHOOL_CURATOR, { schoolId: 'S1' }), account(Role.SCHOOL_CURATOR, 'R1', 'D1', 'S1'))).not.toBeNull();
  });
});
