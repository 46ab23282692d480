/** What the register form sends: the optional fields left blank are not sent at all. */
export interface RegisterValues {
  username: string;
  password: string;
  name?: string;
  email?: string;
}

export function registerValuesOf(form: FormData): RegisterValues {
  const text = (key: string) => {
    const value = form.get(key);
    return typeof value === "string" ? value : "";
  };
  const optional = (key: "name" | "email") => (text(key).trim() === "" ? {} : { [key]: text(key) });
  return { username: text("username"), password: text("password"), ...optional("name"), ...optional("email") };
}
