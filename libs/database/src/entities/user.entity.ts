import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Role } from '../tenancy/tenant-scope';

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 254 }) email: string;
  @Column({ name: 'password_hash', type: 'varchar', length: 255, select: false }) passwordHash: string;
  @Column({ type: 'varchar', length: 32 }) role: Role;
  @Column({ name: 'display_name', type: 'varchar', length: 255, nullable: true }) displayName: string | null;
  @Column({ name: 'region_id', type: 'uuid', nullable: true }) regionId: string | null;
  @Column({ name: 'district_id', type: 'uuid', nullable: true }) districtId: string | null;
  @Column({ name: 'school_id', type: 'uuid', nullable: true }) schoolId: string | null;
  @Column({ type: 'boolean', default: true }) active: boolean;
  @Column({ name: 'token_version', type: 'integer', default: 0 }) tokenVersion: number;
  @Column({ name: 'must_change_password', type: 'boolean', default: false }) mustChangePassword: boolean;
  @Column({ name: 'last_login_at', type: 'timestamptz', nullable: true }) lastLoginAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
