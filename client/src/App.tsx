import { lazy, Suspense } from "react";
import { BrowserRouter, Route, Routes } from "react-router";
import { ErrorBoundary } from "./components/ErrorBoundary.js";
import { Landing } from "./pages/Landing.js";
import { JoinGame } from "./pages/JoinGame.js";
import { HostNew } from "./pages/HostNew.js";
import { TeamConsole } from "./pages/TeamConsole.js";
import { BigScreen } from "./pages/BigScreen.js";
import { HostConsole } from "./pages/HostConsole.js";
import { SeasonBoard } from "./pages/SeasonBoard.js";
import { NotFound } from "./pages/NotFound.js";
import { Loading } from "./components/Loading.js";

// Charts and markdown are only needed after a game: keep them out of the live screens' bundle.
const Debrief = lazy(() => import("./pages/Debrief.js").then((m) => ({ default: m.Debrief })));

export function AppRoutes() {
  return (
    <ErrorBoundary>
      <Routes>
        <Route path="/" element={<Landing />} />
        <Route path="/join/:code" element={<JoinGame />} />
        <Route path="/host/new" element={<HostNew />} />
        <Route path="/host/:code" element={<HostConsole />} />
        <Route path="/team/:code" element={<TeamConsole />} />
        <Route path="/screen/:code" element={<BigScreen />} />
        <Route
          path="/debrief/:code"
          element={
            <Suspense fallback={<Loading label="Loading the debrief…" />}>
              <Debrief />
            </Suspense>
          }
        />
        <Route path="/seasons/:id" element={<SeasonBoard />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </ErrorBoundary>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <AppRoutes />
    </BrowserRouter>
  );
}
