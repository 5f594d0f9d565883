import { type Opt } from '@mikro-orm/core';
import { Entity, Enum, Index, Property } from '@mikro-orm/decorators/legacy';
import { UserRole } from '../../common/roles.js';
import { BaseEntity } from '../../database/base.entity.js';

@Entity({ tableName: 'users' })
// Case-insensitive uniqueness lives in the database so two concurrent sign-ups cannot both win.
@Index({
  name: 'users_email_lower_unique',
  expression: 'create unique index "users_email_lower_unique" on "users" (lower("email"))',
})
export class User extends BaseEntity {
  @Property({ type: 'string', length: 254 })
  email: string;

  @Property({ type: 'text', hidden: true, lazy: true })
  passwordHash: string;

  @Property({ type: 'string', length: 200 })
  name: string;

  @Enum({ items: () => UserRole, nativeEnumName: 'user_role', default: UserRole.Trainer })
  role: UserRole & Opt = UserRole.Trainer;

  /** Bumped on password change: sessions and tokens issued before it stop working. */
  @Property({ type: 'integer', default: 0 })
  authVersion: number & Opt = 0;
}
