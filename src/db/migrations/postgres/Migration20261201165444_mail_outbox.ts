import { Migration } from '@mikro-orm/migrations';

export class Migration20261201165444_mail_outbox extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "mail_outbox" ("id" uuid not null, "recipient" varchar(254) not null, "subject" varchar(255) not null, "text" text not null, "html" text null, "status" varchar(16) not null default 'pending', "attempts" int not null default 0, "next_attempt_at" timestamptz not null, "claimed_until" timestamptz null, "created_at" timestamptz not null, "sent_at" timestamptz null, "last_error" varchar(200) null, constraint "mail_outbox_pkey" primary key ("id"));`);
    this.addSql(`create index "mail_outbox_status_next_attempt_at_index" on "mail_outbox" ("status", "next_attempt_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "mail_outbox" cascade;`);
  }

}
