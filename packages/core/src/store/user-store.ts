/** A user account as stores keep it. Password hashes are PHC strings (argon2id). */
export interface UserRecord {
  id: string;
  email: string;
  passwordHash: string;
  roles: string[];
  disabled: boolean;
  createdAt: number;
  /** When the password last changed (epoch ms). */
  passwordChangedAt: number;
}

export interface UserStore {
  /** Emails are compared case-insensitively (stores normalise to lower case). */
  findByEmail(email: string): Promise<UserRecord | null>;
  findById(id: string): Promise<UserRecord | null>;
  /** Throws UserExistsError when the email is taken. */
  create(user: UserRecord): Promise<void>;
  list(): Promise<UserRecord[]>;
  setPassword(userId: string, passwordHash: string, at: number): Promise<void>;
  setDisabled(userId: string, disabled: boolean): Promise<void>;
  setRoles(userId: string, roles: string[]): Promise<void>;
}
