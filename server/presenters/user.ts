import type { Person, PublicUser } from '../../shared/api/users';
import type { User } from '../services/accounts';

/** A person as the API shows them: never the password hash, sessions or creation time. */
export function presentUser(user: User): PublicUser {
  return { id: user.id, email: user.email, name: user.name, department: user.department, role: user.role };
}

/** Another account, as people choosing whom to share with see it. */
export function presentPerson(person: { id: string; name: string; department: string }): Person {
  return { id: person.id, name: person.name, department: person.department };
}
