import { commentTextParts } from './commentText';

/** A comment's text: line breaks kept, links clickable, everything else escaped (React escapes text). */
export function CommentText({ body }: { body: string }) {
  return (
    <p className="comment-body">
      {commentTextParts(body).map((part, index) =>
        part.kind === 'link' ? (
          <a key={index} href={part.href} target="_blank" rel="noopener noreferrer nofollow">
            {part.text}
          </a>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </p>
  );
}
