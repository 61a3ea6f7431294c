import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Role } from '@mm/database';

registerEnumType(Role, { name: 'Role', description: 'One role per user, with the matching scope' });

@ObjectType('User')
export class UserType {
  @Field(() => ID) id: string;
  @Field() email: string;
  @Field(() => Role) role: Role;
  @Field(() => String, { nullable: true }) displayName: string | null;
  @Field(() => ID, { nullable: true }) regionId: string | null;
  @Field(() => ID, { nullable: true }) districtId: string | null;
  @Field(() => ID, { nullable: true }) schoolId: string | null;
  @Field() active: boolean;
}

@ObjectType()
export class LoginPayload {
  @Field() accessToken: string;
  @Field() expiresAt: Date;
  @Field(() => UserType) user: UserType;
  @Field({ description: 'The password was set by an admin, a coordinator or an import: call changePassword before anything else' })
  mustChangePassword: boolean;
}
