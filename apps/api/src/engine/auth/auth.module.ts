import { createSecretKey } from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { Environment } from '@mm/config';
import { AuditLogService } from '@mm/database';
import { AuthGuard } from './auth.guard';
import { AuthResolver } from './auth.resolver';
import { AuthService } from './auth.service';
import { LoginThrottle } from './login-throttle';
import { RequestTransactionInterceptor } from '../tenancy/request-transaction.interceptor';
import { RequestTransactions } from '../tenancy/request-transactions';

@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [Environment],
      useFactory: (env: Environment) => {
        if (!env.JWT_SECRET) throw new Error('JWT_SECRET is required');
        // A key object made once: given a string, jsonwebtoken tries it as a public key (and fails) then
        // makes a secret key on every verification — measurable on every request.
        const secret = createSecretKey(Buffer.from(env.JWT_SECRET, 'utf8')) as unknown as string;
        return {
          secret,
          signOptions: { algorithm: 'HS256', issuer: 'mentorship-monitor' },
          verifyOptions: { algorithms: ['HS256'], issuer: 'mentorship-monitor' },
        };
      },
    }),
  ],
  providers: [
    AuthService,
    LoginThrottle,
    AuditLogService,
    AuthResolver,
    RequestTransactions,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_INTERCEPTOR, useClass: RequestTransactionInterceptor },
  ],
  exports: [AuthService, AuditLogService, RequestTransactions],
})
export class AuthModule {}
