; Included by electron-builder (nsis.include). The assisted installer would otherwise offer
; "Anyone who uses this computer" (Program Files, admin rights): ClusterDesk installs only for
; the current user, into %LOCALAPPDATA%\Programs\ClusterDesk, and the page is skipped.
!macro customInstallMode
  StrCpy $isForceCurrentInstall "1"
  StrCpy $isForceMachineInstall "0"
!macroend
