import { Migration } from '@mikro-orm/migrations';
import { backfillUsernameSkeletons } from '../username-skeletons.js';

/**
 * Usernames are compared by their UTS #39 skeleton: a column for it, filled for every
 * existing account (hand-written: the skeleton is computed in JavaScript), then unique.
 */
export class Migration20261201100957_username_skeleton extends Migration {

  override async up(): Promise<void> {
    await this.execute(`alter table "users" add column "username_skeleton" varchar(128) null;`);
    await backfillUsernameSkeletons(
      (sql, params) => this.execute(sql, params),
      (message) => this.config.getLogger().warn('migrator', message, { label: 'db.username_lookalikes' }),
    );
    this.addSql(`alter table "users" add constraint "users_username_skeleton_unique" unique ("username_skeleton");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "users" drop constraint "users_username_skeleton_unique";`);
    this.addSql(`alter table "users" drop column "username_skeleton";`);
  }

}
