import { Migration } from '@mikro-orm/migrations';

export class Migration20261201165443_mail_outbox extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`mail_outbox\` (\`id\` text not null, \`recipient\` text not null, \`subject\` text not null, \`text\` text not null, \`html\` text null, \`status\` text not null default 'pending', \`attempts\` integer not null default 0, \`next_attempt_at\` datetime not null, \`claimed_until\` datetime null, \`created_at\` datetime not null, \`sent_at\` datetime null, \`last_error\` text null, primary key (\`id\`));`);
    this.addSql(`create index \`mail_outbox_status_next_attempt_at_index\` on \`mail_outbox\` (\`status\`, \`next_attempt_at\`);`);
  }

}
