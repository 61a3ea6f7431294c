import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { JobName } from '@mm/queue';
import { JOB_HANDLER, JobContext } from './job-handler.decorator';

export type JobHandlerFn = (payload: any, context: JobContext) => Promise<unknown>;

/** Finds the @JobHandler methods and refuses to start unless every job name has exactly one. */
@Injectable()
export class JobHandlerRegistry implements OnModuleInit {
  private readonly handlers = new Map<JobName, JobHandlerFn>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const found = new Map<JobName, string[]>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance);
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const name = this.reflector.get<JobName | undefined>(JOB_HANDLER, prototype[method]);
        if (!name) continue;
        found.set(name, [...(found.get(name) ?? []), `${instance.constructor.name}.${method}`]);
        this.handlers.set(name, prototype[method].bind(instance));
      }
    }
    const problems = checkHandlers(found);
    if (problems.length) throw new Error(`Job handlers are misconfigured:\n  ${problems.join('\n  ')}`);
  }

  get(name: JobName): JobHandlerFn {
    const handler = this.handlers.get(name);
    if (!handler) throw new Error(`No handler for job ${name}`);
    return handler;
  }
}

export function checkHandlers(found: Map<string, string[]>, names: string[] = Object.values(JobName)): string[] {
  const problems: string[] = [];
  for (const name of names) {
    const owners = found.get(name) ?? [];
    if (owners.length === 0) problems.push(`${name}: no handler`);
    if (owners.length > 1) problems.push(`${name}: ${owners.length} handlers (${owners.join(', ')})`);
  }
  for (const name of found.keys()) if (!names.includes(name)) problems.push(`${name}: handler for an unknown job`);
  return problems;
}
