import { costSchema, type StallMap, volumeSchema } from '../../core/model';
import { plural } from '../../core/plural';
import { useStore } from '../../store';
import { awaitingMap } from '../../store/awaitingMap';
import { useSession } from '../SessionContext';
import { amountField, Field, textField } from './fields';

const TITLE = textField(200, true);
const DESCRIPTION = textField(5000);
// The schema's bounds, so the field refuses what the doc would not keep.
const VOLUME = amountField(volumeSchema.maxValue ?? Number.MAX_SAFE_INTEGER);
const COST = amountField(costSchema.maxValue ?? Number.MAX_SAFE_INTEGER);

/** The map's own fields, shown with nothing selected: title, description, and the numbers that turn minutes into staff hours. */
export function MapInspector({ map, readOnly }: { map: StallMap; readOnly: boolean }) {
  const { commands } = useSession();
  // Told what selecting does for them: a review link edits nothing but comments, a view link only looks.
  const comments = useStore((s) => s.role !== 'view');
  const selecting = !readOnly ? 'edit it' : comments ? 'see its details and comment on it' : 'see its details';
  // Nothing of the map has come yet (a full map, a busy server): "0 steps, 0 joins" would be a count of nothing.
  const awaiting = useStore(awaitingMap);
  return (
    <section>
      <h2>Map</h2>
      <Field label="Title" name="title" value={map.title} {...TITLE} commit={(title) => title && commands.setMeta({ title })} readOnly={readOnly} live />
      <Field label="Description" name="description" value={map.description} {...DESCRIPTION} commit={(description) => commands.setMeta({ description: description ?? '' })} readOnly={readOnly} multiline live />
      <Field
        label="Items a week"
        name="volumePerWeek"
        value={map.volumePerWeek}
        {...VOLUME}
        commit={(volume) => commands.setMapValue('volumePerWeek', volume)}
        readOnly={readOnly}
        placeholder="e.g. 1,200"
        hint="how many items enter the workflow a week: gives the staff hours a week"
      />
      <Field
        label="Cost of one staff hour"
        name="costPerHour"
        value={map.costPerHour}
        {...COST}
        commit={(cost) => commands.setMapValue('costPerHour', cost)}
        readOnly={readOnly}
        placeholder="e.g. 85"
        hint="in your currency: gives the staff cost a week"
      />
      <p className="field-hint">
        {awaiting ? 'The map is on its way. ' : `${plural(map.steps.length, 'step')}, ${plural(map.joins.length, 'join')}. `}Select a step or join to {selecting}.
      </p>
    </section>
  );
}
