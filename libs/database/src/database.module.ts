import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from './data-source.options';
import { TenantDatabase } from './tenancy/tenant-database.service';

@Global()
@Module({})
export class DatabaseModule {
  /** `url` is the runtime (RLS-bound) connection. */
  static forRoot(url: string, poolSize?: number): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions({ url, poolSize }), retryAttempts: 3, retryDelay: 1000 })],
      providers: [TenantDatabase],
      exports: [TenantDatabase],
    };
  }
}
