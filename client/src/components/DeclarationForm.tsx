import { useState } from "react";
import type { DeclarationView, ScenarioBriefView } from "../../../server/src/protocol/index.js";

/** Declarations a team may make per incident. */
export const MAX_DECLARATIONS = 2;

interface Props {
  incidentId: string;
  brief: ScenarioBriefView;
  declarations: DeclarationView[];
  disabled?: boolean;
  onDeclare: (optionId: string) => void;
}

/** Optional root-cause declaration: right earns a bonus, wrong costs a little, at most twice. */
export function DeclarationForm({ incidentId, brief, declarations, disabled, onDeclare }: Props) {
  const mine = declarations.filter((d) => d.incidentId === incidentId);
  const [choice, setChoice] = useState("");
  const solved = mine.some((d) => d.correct);
  const left = MAX_DECLARATIONS - mine.length;
  return (
    <section className="declaration" aria-label="Root cause">
      <h4>{brief.rootCauseQuestion}</h4>
      {mine.map((d, i) => (
        <p key={i} className={d.correct ? "declared correct" : "declared wrong"}>
          {d.correct ? "✔ Correct: " : "✘ Not it: "}
          {brief.rootCauseOptions.find((o) => o.id === d.optionId)?.text ?? d.optionId}
        </p>
      ))}
      {!solved && left > 0 ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (choice) onDeclare(choice);
            setChoice("");
          }}
        >
          <fieldset disabled={disabled}>
            <legend className="sr-only">Choose the root cause</legend>
            {brief.rootCauseOptions.map((o) => (
              <label key={o.id} className="option">
                <input type="radio" name={`rc-${incidentId}`} value={o.id} checked={choice === o.id} onChange={() => setChoice(o.id)} />
                {o.text}
              </label>
            ))}
            <button type="submit" disabled={!choice}>
              Declare root cause ({left} {left === 1 ? "try" : "tries"} left)
            </button>
          </fieldset>
        </form>
      ) : null}
    </section>
  );
}
