/**
 * A yes/no field of the map format: ticking it writes `true`, unticking removes the field
 * (false is the default, so the file stays as short as the team's answers).
 */
export function CheckField({
  label,
  name,
  checked,
  hint,
  readOnly,
  commit,
}: {
  label: string;
  /** The field's name in the map format, so the inspector can focus it by name. */
  name: string;
  checked: boolean | undefined;
  hint?: string;
  readOnly?: boolean;
  commit(value: true | undefined): void;
}) {
  return (
    <div className="field">
      <label className="check">
        <input type="checkbox" name={name} checked={checked === true} disabled={readOnly} onChange={(e) => commit(e.target.checked ? true : undefined)} />
        {label}
      </label>
      {hint && <p className="field-hint">{hint}</p>}
    </div>
  );
}
