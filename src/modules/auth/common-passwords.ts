/**
 * Passwords attackers try first. Long enough to pass a length rule, so the length check alone misses them.
 * Compared case-insensitively.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  'password', 'password1', 'password12', 'password123', 'password1234', 'password12345', 'password!', 'passw0rd', 'p@ssw0rd',
  'p@ssword123', 'passwordpassword', '1234567890', '12345678910', '0123456789', '9876543210', '1111111111', '0000000000',
  '1234512345', '1122334455', '1qaz2wsx3edc', 'qwertyuiop', 'qwerty12345', 'qwerty123456', 'qwertyuiop123', 'qwerty1234',
  'asdfghjkl1', 'asdfghjkl;', 'zxcvbnm123', '1q2w3e4r5t', '1q2w3e4r5t6y', 'q1w2e3r4t5', 'abcdefghij', 'abcdefg123',
  'abc1234567', 'abcd123456', 'iloveyou12', 'iloveyou123', 'letmein123', 'welcome123', 'welcome1234', 'administrator',
  'admin12345', 'admin123456', 'changeme123', 'trustno1234', 'football123', 'baseball123', 'sunshine123', 'princess123',
  'superman123', 'starwars123', 'dragon1234', 'monkey12345', 'master12345', 'michael123', 'jennifer123', 'computer123',
  'whatever123', 'trainerhub', 'trainerhub1', 'trainerhub123', 'personaltrainer', 'fitness123', 'fitness1234', 'workout123',
  'gym1234567', 'qazwsxedc123', 'zaq12wsxcde', 'unbelievable', 'interesting', 'everything1', 'basketball', 'basketball1',
  'chocolate1', 'butterfly1', 'liverpool1', 'manchester1', 'newyork123', 'london1234', 'summer2024', 'summer2025',
  'summer2026', 'winter2025', 'winter2026', 'spring2026', 'autumn2026', 'password2024', 'password2025', 'password2026',
  'football1', 'mustang123', 'shadow1234', 'pokemon123', 'charlie123', 'samsung123', 'aa12345678', 'a123456789',
  '123456789a', '123456789q', 'q123456789', '12345qwert', 'qwert12345', '123qweasdzxc', 'asdf1234asdf', '11223344556677',
]);
