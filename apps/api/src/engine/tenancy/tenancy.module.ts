import { Global, Module } from '@nestjs/common';
import { ScopePolicy } from './scope-policy.service';

@Global()
@Module({ providers: [ScopePolicy], exports: [ScopePolicy] })
export class TenancyModule {}
