import { Migration } from '@mikro-orm/migrations';

// See the PostgreSQL twin: verified addresses unique, links bound to the address they went to.
export class Migration20261201185409_verified_email extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`users\` add column \`verified_email_key\` text null;`);
    this.addSql(`create unique index \`users_verified_email_key_unique\` on \`users\` (\`verified_email_key\`);`);

    this.addSql(`drop table if exists \`link_tokens\`;`);
    this.addSql(`create table \`link_tokens\` (\`id\` text not null, \`token_hash\` text not null, \`kind\` text not null, \`user_id\` text not null, \`email\` text not null, \`created_at\` datetime not null, \`expires_at\` datetime not null, \`used_at\` datetime null, constraint \`link_tokens_user_id_foreign\` foreign key(\`user_id\`) references \`users\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create unique index \`link_tokens_token_hash_unique\` on \`link_tokens\` (\`token_hash\`);`);
    this.addSql(`create index \`link_tokens_user_id_index\` on \`link_tokens\` (\`user_id\`);`);
    this.addSql(`create index \`link_tokens_user_id_kind_index\` on \`link_tokens\` (\`user_id\`, \`kind\`);`);
  }

}
