/**
 * The origin of a change the server itself makes to a room's document: the mirror of owners and
 * approvers after a REST call, or a repair after a structural update. Changes from clients have
 * their connection as origin. `userId` is the account whose action caused the change; it is
 * recorded as the change's author.
 */
export class ServerOrigin {
  constructor(
    readonly reason: 'requirements' | 'repair' | 'migration',
    readonly userId: string | null,
  ) {}
}
