import { useState } from 'react';
import type { Comment } from '../../core/model';
import { useStore } from '../../store';
import { useSession } from '../SessionContext';
import { localTime } from '../local-time';

/** Comment threads on a step or join (or, with `rule`, on one of its findings). */
export function Comments({ target, rule }: { target: string; rule?: string }) {
  const comments = useStore((s) => s.map?.comments);
  const role = useStore((s) => s.role);
  const canWrite = role !== 'view';
  const about = (comments ?? []).filter((c) => c.target === target && (c.rule ?? undefined) === rule);
  const threads = about.filter((c) => !c.replyTo || !about.some((t) => t.id === c.replyTo));
  return (
    <section className="comments" aria-label="Comments">
      {threads.map((thread) => (
        <Thread key={thread.id} first={thread} replies={about.filter((c) => c.replyTo === thread.id)} canWrite={canWrite} />
      ))}
      {canWrite && <CommentForm target={target} rule={rule} placeholder={threads.length ? 'Start another thread…' : 'Ask a question or leave a note…'} />}
      {!canWrite && threads.length === 0 && <p className="field-hint">No comments.</p>}
    </section>
  );
}

function Thread({ first, replies, canWrite }: { first: Comment; replies: Comment[]; canWrite: boolean }) {
  const { reviewCommands } = useSession();
  const resolved = first.resolved === true;
  // The flag sits on the thread's first comment: a review link may change only its own
  // (README, "Names on comments and waivers").
  const mayResolve = useStore((s) => canWrite && (s.role === 'edit' || s.name === first.author));
  return (
    <div className={`thread${resolved ? ' is-resolved' : ''}`} data-thread={first.id}>
      {[first, ...replies].map((c) => (
        <div key={c.id} className="comment">
          {/* Typed by people, in any script: a right-to-left name, isolated, leaves the date after it
              where it is; a comment takes the direction of its own first letters. */}
          <div className="comment-meta">
            <strong>
              <bdi>{c.author}</bdi>
            </strong>{' '}
            <time dateTime={c.at}>{localTime(c.at)}</time>
          </div>
          <p className="comment-text" dir="auto">
            {c.text}
          </p>
        </div>
      ))}
      <div className="thread-actions">
        {resolved ? <span className="thread-state">Resolved</span> : <span className="thread-state is-open">Open</span>}
        {mayResolve && (
          <button type="button" className="link-button" onClick={() => reviewCommands.resolve(first.id, !resolved)}>
            {resolved ? 'Reopen' : 'Resolve'}
          </button>
        )}
      </div>
      {canWrite && !resolved && <CommentForm target={first.target} rule={first.rule} replyTo={first.id} placeholder="Reply…" />}
    </div>
  );
}

function CommentForm({ target, rule, replyTo, placeholder }: { target: string; rule?: string; replyTo?: string; placeholder: string }) {
  const { reviewCommands } = useSession();
  const name = useStore((s) => s.name);
  const [text, setText] = useState('');
  const submit = () => {
    const trimmed = text.trim();
    if (!trimmed || !name) return;
    reviewCommands.comment({ target, rule, replyTo, author: name, text: trimmed.slice(0, 5000) });
    setText('');
  };
  return (
    <form
      className="comment-form"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <textarea aria-label={replyTo ? 'Reply' : 'New comment'} value={text} maxLength={5000} rows={2} placeholder={placeholder} onChange={(e) => setText(e.target.value)} />
      <button type="submit" disabled={!text.trim()}>
        {replyTo ? 'Reply' : 'Comment'}
      </button>
    </form>
  );
}
