import { useState } from "react";
import { api } from "../lib/api.js";

interface Props {
  code: string;
  teamId: string;
  teamToken: string;
  namespace: string;
}

export function kubeconfigFileName(code: string, namespace: string): string {
  return `firedrill-${code.toLowerCase()}-${namespace}.kubeconfig`;
}

/** Kubeconfig download plus the copy-paste setup players need. */
export function KubeconfigPanel({ code, teamId, teamToken, namespace }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const file = kubeconfigFileName(code, namespace);
  const setup = `export KUBECONFIG=~/Downloads/${file}\nkubectl get pods`;

  async function download() {
    setError(null);
    try {
      const text = await api.kubeconfig(code, teamId, teamToken);
      const url = URL.createObjectURL(new Blob([text], { type: "application/yaml" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = file;
      a.click();
      URL.revokeObjectURL(url);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <section className="panel kubeconfig" aria-label="Cluster access">
      <h2>Your cluster access</h2>
      <p>
        Namespace <code className="ns">{namespace}</code>. Your kubectl talks to the game's gateway, which sees every command.
      </p>
      <button type="button" onClick={download}>
        Download kubeconfig
      </button>
      {error ? <p className="error" role="alert">{error}</p> : null}
      <pre className="setup">
        <code>{setup}</code>
      </pre>
      <button
        type="button"
        className="secondary"
        onClick={() => {
          void navigator.clipboard?.writeText(setup).then(() => setCopied(true));
        }}
      >
        {copied ? "Copied" : "Copy setup commands"}
      </button>
    </section>
  );
}
