/** What a user may be. Lives on the ground floor because Actor, the route decorators and the users table share it. */
export enum UserRole {
  Trainer = 'trainer',
  Admin = 'admin',
}
