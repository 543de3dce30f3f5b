@echo off
rem The keyward command inside the packaged app (as VS Code's code.cmd): runs Keyward.exe as
rem plain Node on the bundled CLI. KEYWARD_LAUNCHER tells "keyward claude setup" what to write into apiKeyHelper.
setlocal
set "ELECTRON_RUN_AS_NODE=1"
set "KEYWARD_LAUNCHER=%~f0"
"%~dp0..\..\Keyward.exe" "%~dp0..\app.asar\out\cli\keyward.js" %*
endlocal & exit /b %ERRORLEVEL%
