import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/app";
import { createAppServices } from "./app/services";
import "./app/styles.css";

const services = createAppServices();
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App {...services} />
  </StrictMode>,
);
