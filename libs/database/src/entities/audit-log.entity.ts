import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only: the runtime role may insert and read, never update or delete. */
@Entity('audit_log')
export class AuditLogEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: string;
  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' }) occurredAt: Date;
  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true }) actorUserId: string | null;
  @Column({ name: 'actor_role', type: 'varchar', length: 32 }) actorRole: string;
  @Column({ name: 'region_id', type: 'uuid', nullable: true }) regionId: string | null;
  @Column({ name: 'district_id', type: 'uuid', nullable: true }) districtId: string | null;
  @Column({ name: 'school_id', type: 'uuid', nullable: true }) schoolId: string | null;
  @Column({ type: 'varchar', length: 100 }) operation: string;
  @Column({ name: 'target_type', type: 'varchar', length: 100, nullable: true }) targetType: string | null;
  @Column({ name: 'target_ids', type: 'text', array: true, default: () => `'{}'` }) targetIds: string[];
  @Column({ type: 'jsonb', default: () => `'{}'` }) details: Record<string, unknown>;
}
