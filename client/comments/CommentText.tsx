import type { Mention } from '../../shared/api/comments';
import { commentTextParts } from './commentText';

/** A comment's text: line breaks kept, links clickable, mentions marked, everything else escaped (React escapes text). */
export function CommentText({ body, mentions = [] }: { body: string; mentions?: readonly Mention[] }) {
  return (
    <p className="comment-body">
      {commentTextParts(body, mentions).map((part, index) =>
        part.kind === 'link' ? (
          <a key={index} href={part.href} target="_blank" rel="noopener noreferrer nofollow">
            {part.text}
          </a>
        ) : part.kind === 'mention' ? (
          <span key={index} className={`mention mention-${part.mention.kind}`}>
            {part.text}
          </span>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </p>
  );
}
