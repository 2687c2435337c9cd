import { describeMatrix } from './matrix.ts';

/** Issue 24's fault matrix for the evacuation (the table and what it leaves out: matrix.ts). */
describeMatrix('evacuation', 'lowdb');
