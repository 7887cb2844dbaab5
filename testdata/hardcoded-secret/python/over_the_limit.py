"""A module with more secrets than the per-file limit: 20 findings, then one notice."""

TOKEN_00 = "ghp_gWt479FHTZWRzrBLQ0tEU5NXaL6Vh2AZF4AG"  # expect: hardcoded-secret
TOKEN_01 = "ghp_vOPVoTotcoN57yLheqBsLC2JLqvKnA8igal7"  # expect: hardcoded-secret
TOKEN_02 = "ghp_H4HazzafoopcY8XE7ieEnyEyKZMviJ4BHNcQ"  # expect: hardcoded-secret
TOKEN_03 = "ghp_UIBoZdbvJjZPHWBBVNcki4llrXqaJvZQZn38"  # expect: hardcoded-secret
TOKEN_04 = "ghp_mVcO55kXQTL3uZC4FbribLtsLITVFbMjQe8F"  # expect: hardcoded-secret
TOKEN_05 = "ghp_wOQMSrEHqLh7bFTf8M86fTi5JlVxAQuereSM"  # expect: hardcoded-secret
TOKEN_06 = "ghp_3LpKPOMyXJSnVnNXhQIos8xusWsOQBlLdUbM"  # expect: hardcoded-secret
TOKEN_07 = "ghp_kMVIqd5dnxDpUC9FvGLKlVFO9j6E2UwPO6tI"  # expect: hardcoded-secret
TOKEN_08 = "ghp_WOWOpcQ0VfLSxCphuul2TSVMlDjn8mLksrJ2"  # expect: hardcoded-secret
TOKEN_09 = "ghp_CooGcW4EawtZcCw2cBGVgKwd0duq86Mf8NpP"  # expect: hardcoded-secret
TOKEN_10 = "ghp_e27s2DQSDbuI77OeUBkb0a6CDSMaGuvpf1qi"  # expect: hardcoded-secret
TOKEN_11 = "ghp_vPRxPVWPJbOm37ZOcKZ5L10DLCILSCoJBaLa"  # expect: hardcoded-secret
TOKEN_12 = "ghp_Z1Ts07O0ucfOIVRrQowuOUJYctT312nmztWy"  # expect: hardcoded-secret
TOKEN_13 = "ghp_rJog2FzhtED9WMKUB28AyZBPTsC2xe3tDJZk"  # expect: hardcoded-secret
TOKEN_14 = "ghp_n1V2G1aKr40nYp4eous2sqtsokdxl9hOEpFQ"  # expect: hardcoded-secret
TOKEN_15 = "ghp_9M9IxJfAtEJphHw0GzkhWdaM0xXvxzy27Mif"  # expect: hardcoded-secret
TOKEN_16 = "ghp_k1t6cMpRyA4VtLbw1bq94MTMqfoOoOTzosZ7"  # expect: hardcoded-secret
TOKEN_17 = "ghp_q3FcWEj6DiKc4PiKoVJ97GS1d2DB3dc8pyEF"  # expect: hardcoded-secret
TOKEN_18 = "ghp_jAOOpUIcoI6eAqw8yDC2GqTAyuI87FR5oXl2"  # expect: hardcoded-secret
TOKEN_19 = "ghp_XlSVRXIxSxWE8WbreEWiYBBdxJeluFTmfTlW"  # expect: hardcoded-secret
TOKEN_20 = "ghp_cUixDMKaqFERlhklWJ61qAkOPkPsi4OXAXF2"  # expect: hardcoded-secret (the notice: 3 more not reported)
TOKEN_21 = "ghp_O5uI4nGiCLXJiIScL5I7zvyTuplXMi2Dc7L4"
TOKEN_22 = "ghp_NoQYZLkcfoPpVTfSVKAwXpeWnywnVzNuixPI"
