import { Migration } from '@mikro-orm/migrations';

/**
 * Every change to a user or a trainer profile NOTIFYs `actor_changed` with the user id, whoever makes it (the
 * app, the worker, a script, psql). Web processes cache signed-in accounts for a few seconds and evict on it
 * (src/modules/auth/actor-change-listener.ts). NOTIFY is sent at commit, so a rolled-back change sends nothing.
 * TRUNCATE fires no row trigger: a statement trigger sends an empty payload, which evicts every account.
 */
export class Migration20261205090000_actor_changed_notify extends Migration {
  override name = 'Migration20261205090000_actor_changed_notify';

  override up(): void {
    this.addSql(`create function notify_actor_changed() returns trigger language plpgsql as $$
begin
  if tg_level = 'STATEMENT' then
    perform pg_notify('actor_changed', '');
  elsif tg_table_name = 'users' then
    perform pg_notify('actor_changed', (case when tg_op = 'DELETE' then old.id else new.id end)::text);
  else
    perform pg_notify('actor_changed', (case when tg_op = 'DELETE' then old.user_id else new.user_id end)::text);
    if tg_op = 'UPDATE' and old.user_id is distinct from new.user_id then
      perform pg_notify('actor_changed', old.user_id::text);
    end if;
  end if;
  return null;
end $$;`);
    this.addSql(
      `create trigger users_actor_changed after update or delete on users for each row execute function notify_actor_changed();`,
    );
    this.addSql(
      `create trigger trainers_actor_changed after insert or update or delete on trainers for each row execute function notify_actor_changed();`,
    );
    this.addSql(
      `create trigger users_actor_truncated after truncate on users for each statement execute function notify_actor_changed();`,
    );
    this.addSql(
      `create trigger trainers_actor_truncated after truncate on trainers for each statement execute function notify_actor_changed();`,
    );
  }

  override down(): void {
    this.addSql(`drop trigger trainers_actor_truncated on trainers;`);
    this.addSql(`drop trigger users_actor_truncated on users;`);
    this.addSql(`drop trigger trainers_actor_changed on trainers;`);
    this.addSql(`drop trigger users_actor_changed on users;`);
    this.addSql(`drop function notify_actor_changed();`);
  }
}
