import { Link } from "./router/link.js";
import { useLocation } from "./router/navigation.js";
import { parseRoute, type Route, routeHref } from "./router/route.js";
import { ComparePage } from "./views/compare-page.js";
import { ExperimentsPage } from "./views/experiments-page.js";
import { ModelPage } from "./views/model-page.js";
import { ModelVersionPage } from "./views/model-version-page.js";
import { ModelsPage } from "./views/models-page.js";
import { RunPage } from "./views/run-page.js";
import { RunsPage } from "./views/runs-page.js";

function View({ route }: { readonly route: Route }) {
  switch (route.kind) {
    case "experiments":
      return <ExperimentsPage />;
    case "runs":
      return <RunsPage key={route.experimentIds.join(",")} experimentIds={route.experimentIds} />;
    case "run":
      return <RunPage key={route.runId} runId={route.runId} />;
    case "compare":
      return <ComparePage runIds={route.runIds} />;
    case "models":
      return <ModelsPage />;
    case "model":
      return <ModelPage key={route.name} name={route.name} />;
    case "modelVersion":
      return <ModelVersionPage key={`${route.name}/${route.version}`} name={route.name} version={route.version} />;
    case "notFound":
      return (
        <div className="page">
          <h1>Page not found</h1>
          <p>
            Nothing lives at <code>{route.path}</code>. <Link href="/">Go to the experiments</Link>.
          </p>
        </div>
      );
  }
}

function titleOf(route: Route): string {
  switch (route.kind) {
    case "experiments":
      return "Experiments";
    case "runs":
      return "Runs";
    case "run":
      return "Run";
    case "compare":
      return "Compare runs";
    case "models":
      return "Models";
    case "model":
      return route.name;
    case "modelVersion":
      return `${route.name} v${route.version}`;
    case "notFound":
      return "Not found";
  }
}

/** The shell: top navigation (Experiments, Models) and the view for the current URL. */
export function App() {
  const location = useLocation();
  const route = parseRoute(location.pathname, location.search);
  document.title = `${titleOf(route)} · Sextant`;
  const inModels = route.kind === "models" || route.kind === "model" || route.kind === "modelVersion";
  return (
    <>
      <nav className="topnav" aria-label="Main">
        <Link href="/" className="brand">
          ◎ Sextant
        </Link>
        <Link href={routeHref({ kind: "experiments" })} className={inModels ? "" : "active"} testId="nav-experiments">
          Experiments
        </Link>
        <Link href={routeHref({ kind: "models" })} className={inModels ? "active" : ""} testId="nav-models">
          Models
        </Link>
      </nav>
      <main>
        <View route={route} />
      </main>
    </>
  );
}
