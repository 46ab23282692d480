import { Migration } from '@mikro-orm/migrations';

export class Migration20261122053946_initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`users\` (\`id\` text not null, \`username\` text not null, \`username_key\` text not null, \`name\` text null, \`email\` text null, \`password_hash\` text not null, \`role\` text check (\`role\` in ('USER', 'ADMIN')) not null default 'USER', \`is_active\` integer not null default true, \`created_at\` datetime not null, \`updated_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create unique index \`users_username_key_unique\` on \`users\` (\`username_key\`);`);
    this.addSql(`create index \`users_created_at_index\` on \`users\` (\`created_at\`);`);

    this.addSql(`create table \`sessions\` (\`id\` text not null, \`user_id\` text not null, \`refresh_token_hash\` text not null, \`created_at\` datetime not null, \`last_used_at\` datetime not null, \`expires_at\` datetime not null, \`revoked_at\` datetime null, \`revoked_reason\` text null, \`user_agent\` text null, \`ip\` text null, constraint \`sessions_user_id_foreign\` foreign key(\`user_id\`) references \`users\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`sessions_user_id_index\` on \`sessions\` (\`user_id\`);`);
    this.addSql(`create unique index \`sessions_refresh_token_hash_unique\` on \`sessions\` (\`refresh_token_hash\`);`);

    this.addSql(`create table \`retired_refresh_tokens\` (\`token_hash\` text not null, \`session_id\` text not null, \`retired_at\` datetime not null, constraint \`retired_refresh_tokens_session_id_foreign\` foreign key(\`session_id\`) references \`sessions\`(\`id\`) on delete cascade on update cascade, primary key (\`token_hash\`));`);
    this.addSql(`create index \`retired_refresh_tokens_session_id_index\` on \`retired_refresh_tokens\` (\`session_id\`);`);
  }

}
