import { Migration } from '@mikro-orm/migrations';

export class Migration20261201193849_prune_indexes extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index \`sessions_revoked_at_index\` on \`sessions\` (\`revoked_at\`);`);
    this.addSql(`create index \`sessions_expires_at_index\` on \`sessions\` (\`expires_at\`);`);

    this.addSql(`create index \`link_tokens_expires_at_index\` on \`link_tokens\` (\`expires_at\`);`);
  }

}
