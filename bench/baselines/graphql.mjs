// Baseline (b): graphql-js execute over node:http with a parse/validate cache; no auth, no database.
import { serve } from "./graphql-server.mjs";

const me = { id: "00000000-0000-4000-8000-000000000000", username: "benchuser", name: "Bench User" };

serve({ rootValue: { me: () => me } });
