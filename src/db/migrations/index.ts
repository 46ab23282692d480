// Written by `npm run migration:create`: every migration, in the order they apply.
import { Migration20261122053946_initial as SqliteMigration20261122053946_initial } from "./sqlite/Migration20261122053946_initial.js";
import { Migration20261122055726_shop as SqliteMigration20261122055726_shop } from "./sqlite/Migration20261122055726_shop.js";
import { Migration20261201100957_username_skeleton as SqliteMigration20261201100957_username_skeleton } from "./sqlite/Migration20261201100957_username_skeleton.js";
import { Migration20261201114158_users_page_index as SqliteMigration20261201114158_users_page_index } from "./sqlite/Migration20261201114158_users_page_index.js";
import { Migration20261201115948_live_sessions_index as SqliteMigration20261201115948_live_sessions_index } from "./sqlite/Migration20261201115948_live_sessions_index.js";
import { Migration20261201130057_session_transport as SqliteMigration20261201130057_session_transport } from "./sqlite/Migration20261201130057_session_transport.js";
import { Migration20261201163806_email_verified as SqliteMigration20261201163806_email_verified } from "./sqlite/Migration20261201163806_email_verified.js";
import { Migration20261201165443_mail_outbox as SqliteMigration20261201165443_mail_outbox } from "./sqlite/Migration20261201165443_mail_outbox.js";
import { Migration20261201165838_link_tokens as SqliteMigration20261201165838_link_tokens } from "./sqlite/Migration20261201165838_link_tokens.js";
import { Migration20261201185409_verified_email as SqliteMigration20261201185409_verified_email } from "./sqlite/Migration20261201185409_verified_email.js";
import { Migration20261201193849_prune_indexes as SqliteMigration20261201193849_prune_indexes } from "./sqlite/Migration20261201193849_prune_indexes.js";
import { Migration20261122062606_initial as PostgresMigration20261122062606_initial } from "./postgres/Migration20261122062606_initial.js";
import { Migration20261201100957_username_skeleton as PostgresMigration20261201100957_username_skeleton } from "./postgres/Migration20261201100957_username_skeleton.js";
import { Migration20261201114158_users_page_index as PostgresMigration20261201114158_users_page_index } from "./postgres/Migration20261201114158_users_page_index.js";
import { Migration20261201115948_live_sessions_index as PostgresMigration20261201115948_live_sessions_index } from "./postgres/Migration20261201115948_live_sessions_index.js";
import { Migration20261201130057_session_transport as PostgresMigration20261201130057_session_transport } from "./postgres/Migration20261201130057_session_transport.js";
import { Migration20261201163806_email_verified as PostgresMigration20261201163806_email_verified } from "./postgres/Migration20261201163806_email_verified.js";
import { Migration20261201165444_mail_outbox as PostgresMigration20261201165444_mail_outbox } from "./postgres/Migration20261201165444_mail_outbox.js";
import { Migration20261201165839_link_tokens as PostgresMigration20261201165839_link_tokens } from "./postgres/Migration20261201165839_link_tokens.js";
import { Migration20261201185409_verified_email as PostgresMigration20261201185409_verified_email } from "./postgres/Migration20261201185409_verified_email.js";
import { Migration20261201193850_prune_indexes as PostgresMigration20261201193850_prune_indexes } from "./postgres/Migration20261201193850_prune_indexes.js";

export const sqliteMigrations = [
  { name: "Migration20261122053946_initial", class: SqliteMigration20261122053946_initial },
  { name: "Migration20261122055726_shop", class: SqliteMigration20261122055726_shop },
  { name: "Migration20261201100957_username_skeleton", class: SqliteMigration20261201100957_username_skeleton },
  { name: "Migration20261201114158_users_page_index", class: SqliteMigration20261201114158_users_page_index },
  { name: "Migration20261201115948_live_sessions_index", class: SqliteMigration20261201115948_live_sessions_index },
  { name: "Migration20261201130057_session_transport", class: SqliteMigration20261201130057_session_transport },
  { name: "Migration20261201163806_email_verified", class: SqliteMigration20261201163806_email_verified },
  { name: "Migration20261201165443_mail_outbox", class: SqliteMigration20261201165443_mail_outbox },
  { name: "Migration20261201165838_link_tokens", class: SqliteMigration20261201165838_link_tokens },
  { name: "Migration20261201185409_verified_email", class: SqliteMigration20261201185409_verified_email },
  { name: "Migration20261201193849_prune_indexes", class: SqliteMigration20261201193849_prune_indexes },
];

export const postgresMigrations = [
  { name: "Migration20261122062606_initial", class: PostgresMigration20261122062606_initial },
  { name: "Migration20261201100957_username_skeleton", class: PostgresMigration20261201100957_username_skeleton },
  { name: "Migration20261201114158_users_page_index", class: PostgresMigration20261201114158_users_page_index },
  { name: "Migration20261201115948_live_sessions_index", class: PostgresMigration20261201115948_live_sessions_index },
  { name: "Migration20261201130057_session_transport", class: PostgresMigration20261201130057_session_transport },
  { name: "Migration20261201163806_email_verified", class: PostgresMigration20261201163806_email_verified },
  { name: "Migration20261201165444_mail_outbox", class: PostgresMigration20261201165444_mail_outbox },
  { name: "Migration20261201165839_link_tokens", class: PostgresMigration20261201165839_link_tokens },
  { name: "Migration20261201185409_verified_email", class: PostgresMigration20261201185409_verified_email },
  { name: "Migration20261201193850_prune_indexes", class: PostgresMigration20261201193850_prune_indexes },
];
