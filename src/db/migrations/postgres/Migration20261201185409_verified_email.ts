import { Migration } from '@mikro-orm/migrations';

// A verified address belongs to one account (users.verified_email_key, unique), and every
// link remembers the address it was sent to. No flow issued links before this migration,
// so link_tokens is recreated rather than altered (SQLite cannot add a NOT NULL column).
export class Migration20261201185409_verified_email extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "users" add column "verified_email_key" varchar(254) null;`);
    this.addSql(`alter table "users" add constraint "users_verified_email_key_unique" unique ("verified_email_key");`);

    this.addSql(`drop table if exists "link_tokens" cascade;`);
    this.addSql(`create table "link_tokens" ("id" uuid not null, "token_hash" varchar(64) not null, "kind" varchar(16) not null, "user_id" uuid not null, "email" varchar(254) not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "used_at" timestamptz null, constraint "link_tokens_pkey" primary key ("id"));`);
    this.addSql(`alter table "link_tokens" add constraint "link_tokens_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "link_tokens_user_id_kind_index" on "link_tokens" ("user_id", "kind");`);
    this.addSql(`alter table "link_tokens" add constraint "link_tokens_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "link_tokens" drop column "email";`);
    this.addSql(`alter table "link_tokens" add column "new_email" varchar(254) null;`);
    this.addSql(`alter table "users" drop constraint "users_verified_email_key_unique";`);
    this.addSql(`alter table "users" drop column "verified_email_key";`);
  }

}
