import { Migration } from '@mikro-orm/migrations';

export class Migration20261201165839_link_tokens extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "link_tokens" ("id" uuid not null, "token_hash" varchar(64) not null, "kind" varchar(16) not null, "user_id" uuid not null, "new_email" varchar(254) null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "used_at" timestamptz null, constraint "link_tokens_pkey" primary key ("id"));`);
    this.addSql(`alter table "link_tokens" add constraint "link_tokens_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "link_tokens_user_id_kind_index" on "link_tokens" ("user_id", "kind");`);

    this.addSql(`alter table "link_tokens" add constraint "link_tokens_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "link_tokens" cascade;`);
  }

}
