import { Module } from '@nestjs/common';

/** The pages core: nothing yet (the landing and coming-soon pages need no service). Kept so every feature has one. */
@Module({})
export class PagesModule {}
