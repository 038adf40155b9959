"""Writers of the client voice: public submissions, survey answers, invitations and opt-outs."""
