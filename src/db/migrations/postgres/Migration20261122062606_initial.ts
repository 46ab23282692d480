import { Migration } from '@mikro-orm/migrations';

export class Migration20261122062606_initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "products" ("id" uuid not null, "name" varchar(200) not null, "description" text null, "price_cents" int not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "products_pkey" primary key ("id"));`);
    this.addSql(`create index "products_created_at_id_index" on "products" ("created_at", "id");`);

    this.addSql(`create table "users" ("id" uuid not null, "username" varchar(32) not null, "username_key" varchar(128) not null, "name" varchar(100) null, "email" varchar(254) null, "password_hash" varchar(255) not null, "role" text check ("role" in ('USER', 'ADMIN')) not null default 'USER', "is_active" boolean not null default true, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "users_pkey" primary key ("id"));`);
    this.addSql(`alter table "users" add constraint "users_username_key_unique" unique ("username_key");`);
    this.addSql(`create index "users_created_at_index" on "users" ("created_at");`);

    this.addSql(`create table "sessions" ("id" uuid not null, "user_id" uuid not null, "refresh_token_hash" varchar(64) not null, "created_at" timestamptz not null, "last_used_at" timestamptz not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, "revoked_reason" varchar(32) null, "user_agent" varchar(255) null, "ip" varchar(64) null, constraint "sessions_pkey" primary key ("id"));`);
    this.addSql(`create index "sessions_user_id_index" on "sessions" ("user_id");`);
    this.addSql(`alter table "sessions" add constraint "sessions_refresh_token_hash_unique" unique ("refresh_token_hash");`);

    this.addSql(`create table "retired_refresh_tokens" ("token_hash" varchar(64) not null, "session_id" uuid not null, "retired_at" timestamptz not null, constraint "retired_refresh_tokens_pkey" primary key ("token_hash"));`);
    this.addSql(`create index "retired_refresh_tokens_session_id_index" on "retired_refresh_tokens" ("session_id");`);

    this.addSql(`create table "cart_items" ("id" uuid not null, "user_id" uuid not null, "product_id" uuid not null, "quantity" int not null, "created_at" timestamptz not null, constraint "cart_items_pkey" primary key ("id"));`);
    this.addSql(`create index "cart_items_product_id_index" on "cart_items" ("product_id");`);
    this.addSql(`alter table "cart_items" add constraint "cart_items_user_id_product_id_unique" unique ("user_id", "product_id");`);

    this.addSql(`create table "wishlist_items" ("id" uuid not null, "user_id" uuid not null, "product_id" uuid not null, "created_at" timestamptz not null, constraint "wishlist_items_pkey" primary key ("id"));`);
    this.addSql(`create index "wishlist_items_product_id_index" on "wishlist_items" ("product_id");`);
    this.addSql(`alter table "wishlist_items" add constraint "wishlist_items_user_id_product_id_unique" unique ("user_id", "product_id");`);

    this.addSql(`alter table "sessions" add constraint "sessions_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "retired_refresh_tokens" add constraint "retired_refresh_tokens_session_id_foreign" foreign key ("session_id") references "sessions" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "cart_items" add constraint "cart_items_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "cart_items" add constraint "cart_items_product_id_foreign" foreign key ("product_id") references "products" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "wishlist_items" add constraint "wishlist_items_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "wishlist_items" add constraint "wishlist_items_product_id_foreign" foreign key ("product_id") references "products" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "cart_items" drop constraint "cart_items_product_id_foreign";`);

    this.addSql(`alter table "wishlist_items" drop constraint "wishlist_items_product_id_foreign";`);

    this.addSql(`alter table "sessions" drop constraint "sessions_user_id_foreign";`);

    this.addSql(`alter table "cart_items" drop constraint "cart_items_user_id_foreign";`);

    this.addSql(`alter table "wishlist_items" drop constraint "wishlist_items_user_id_foreign";`);

    this.addSql(`alter table "retired_refresh_tokens" drop constraint "retired_refresh_tokens_session_id_foreign";`);

    this.addSql(`drop table if exists "products" cascade;`);

    this.addSql(`drop table if exists "users" cascade;`);

    this.addSql(`drop table if exists "sessions" cascade;`);

    this.addSql(`drop table if exists "retired_refresh_tokens" cascade;`);

    this.addSql(`drop table if exists "cart_items" cascade;`);

    this.addSql(`drop table if exists "wishlist_items" cascade;`);
  }

}
