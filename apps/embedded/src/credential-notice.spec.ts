import { credentialNotice } from './credential-notice';

const secrets = { adminEmail: 'admin@demo.local', adminPassword: 'ADMIN-pw-9f8e7d', demoPassword: 'DEMO-pw-1a2b3c' };
const base = { adminGenerated: true, secrets, secretsFile: '/data/secrets.json' };

describe('credentialNotice (embedded start)', () => {
  it('shows the admin password when the admin is created, and the demo password (not the admin one) for the demo accounts', () => {
    const text = credentialNotice({ ...base, adminCreated: true, demoSeeded: true }).join('\n');
    expect(text).toContain('ADMIN-pw-9f8e7d');
    const demoLine = credentialNotice({ ...base, adminCreated: true, demoSeeded: true }).find((l) => l.includes('demo accounts'))!;
    expect(demoLine).toContain('DEMO-pw-1a2b3c');
    expect(demoLine).not.toContain('ADMIN-pw-9f8e7d');
  });

  it('never prints a password on a later start', () => {
    const text = credentialNotice({ ...base, adminCreated: false, demoSeeded: false }).join('\n');
    expect(text).not.toContain('ADMIN-pw-9f8e7d');
    expect(text).not.toContain('DEMO-pw-1a2b3c');
    expect(text).toContain('/data/secrets.json');
  });

  it('never echoes an admin password that came from ADMIN_PASSWORD', () => {
    const text = credentialNotice({ ...base, adminGenerated: false, adminCreated: true, demoSeeded: false }).join('\n');
    expect(text).not.toContain('ADMIN-pw-9f8e7d');
  });
});
