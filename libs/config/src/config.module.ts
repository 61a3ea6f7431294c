import { DynamicModule, Global, Module } from '@nestjs/common';
import { Environment } from './environment';

/** Provides the validated Environment; the entry point loads it before the app is created. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(env: Environment): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: Environment, useValue: env }], exports: [Environment] };
  }
}
